/**
 * The URL's search params as they are now. Navigations render in a transition, so while many
 * query results arrive a render's own `searchParams` can lag behind the address bar; building
 * the next URL from it would drop a param set a moment before (the table's sort, an open
 * drill-down, a filter). Every "change one param" update starts from this.
 */
export function latestParams(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}
