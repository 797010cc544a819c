/**
 * Appends `value` to the list under `key`, in place. (Spreading the old list into a new one on
 * every append is quadratic in the list's length; these lists hold a service's deployments or a
 * check's CI runs, thousands long at size L.)
 */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
