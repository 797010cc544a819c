export default async function globalTeardown() {
  if (globalThis.__BEARING_PG__) await globalThis.__BEARING_PG__.stop();
}
