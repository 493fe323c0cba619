/** The console's links, answered in the model (the alerts link to the console too). */
export { consoleLink, planLink, setsLink } from '../model/index.ts';
