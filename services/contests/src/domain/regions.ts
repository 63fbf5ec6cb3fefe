/**
 * Kazakhstan's region codes as identity publishes them (GET /v1/identity/regions, the `region` of
 * identity's events). A contest or survey naming another code is a typo, refused at once.
 */
export const REGION_CODES = [
  'astana', 'almaty', 'shymkent', 'abai', 'akmola', 'aktobe', 'almaty_region', 'atyrau', 'east_kazakhstan', 'jambyl',
  'jetisu', 'karaganda', 'kostanay', 'kyzylorda', 'mangystau', 'north_kazakhstan', 'pavlodar', 'turkistan', 'ulytau',
  'west_kazakhstan',
] as const;
