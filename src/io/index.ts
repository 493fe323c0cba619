/** File writing shared by the stages that leave files behind (reports, the run, exports). */
export { writeAtomic } from './write-atomic.ts';
