// A university's region is one of identity's region codes, the shared list in @joo/contracts.
export { isRegionCode } from '@joo/contracts';
