# resrecon: the nightly job (`resrecon schedule`) or any other command.
#   docker build -t resrecon .
#   docker run -v resrecon-home:/data -e RESRECON_SOURCE_URL=… resrecon schedule --watch 15m
FROM node:20-bookworm-slim

WORKDIR /opt/resrecon
# Dependencies first, so a change to the sources does not reinstall them. better-sqlite3 and
# DuckDB ship prebuilt binaries for this platform.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY templates ./templates
COPY fixtures ./fixtures
COPY tsconfig.json ./

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
