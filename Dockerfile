# resrecon: the nightly job (`resrecon schedule`) or any other command.
#   docker build -t resrecon .
#   docker run -v resrecon-home:/data -e RESRECON_SOURCE_URL=… resrecon schedule --watch 15m

# Build stage: every dependency (TypeScript among them) to compile src/ to dist/, then only the
# production dependencies are kept for the image.
FROM node:20-bookworm-slim AS build
WORKDIR /opt/resrecon
# Dependencies first, so a change to the sources does not reinstall them (npm ci runs the
# `prepare` build, which skips itself while src/ is not here yet). better-sqlite3 and DuckDB ship
# prebuilt binaries for this platform.
COPY package.json package-lock.json ./
COPY scripts/build.mjs ./scripts/
RUN npm ci && npm cache clean --force
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# The image: the compiled build, the production dependencies, the templates and the demo data;
# no TypeScript sources, so bin/resrecon.js always runs dist/.
FROM node:20-bookworm-slim
WORKDIR /opt/resrecon
COPY --from=build /opt/resrecon/node_modules ./node_modules
COPY --from=build /opt/resrecon/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY templates ./templates
COPY fixtures ./fixtures

# The warehouse, the embedded state store and the outbox live on a volume; metrics listen on
# every interface of the container (publish the port to choose who reaches it).
ENV RESRECON_HOME=/data \
    RESRECON_METRICS_HOST=0.0.0.0 \
    NODE_ENV=production
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node

# node runs as PID 1 here and handles SIGTERM itself: `docker stop` lets the run in progress stop
# cleanly (raise --time past the default 10 s for long runs).
ENTRYPOINT ["node", "bin/resrecon.js"]
CMD ["schedule"]
