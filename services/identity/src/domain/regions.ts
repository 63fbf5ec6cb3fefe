// The region list is shared vocabulary of the events: it lives in @joo/contracts.
export { REGIONS, isRegionCode, parseRegions, type Region } from '@joo/contracts';
