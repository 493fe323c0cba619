/** File writing shared by the stages that leave files behind (reports, the run, exports). */
export { writeAtomic, writeAtomicPieces } from './write-atomic.ts';
