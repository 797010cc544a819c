import type { OrgModel, RepoModel } from './org.js';

/** The root of a squad's code area in a repository (as repo-sim lays files out). */
export function areaRoot(repo: Pick<RepoModel, 'language' | 'name'>, stem: string): string {
  switch (repo.language) {
    case 'ts':
      return `src/${stem}/`;
    case 'go':
      return `internal/${stem}/`;
    case 'py':
      return `${repo.name.replace(/-/g, '_')}/${stem}/`;
  }
}

/**
 * A CODEOWNERS file per demo repository: the primary squad owns everything, and each squad's
 * code area (`src/<stem>/`, …) belongs to that squad's team, so a commit into another squad's
 * area (the simulation's out-of-scope edits) is owned by someone else. Teams are
 * `@acme/<squad key>` (team slug = squad key).
 */
export function* demoCodeOwnersFiles(org: OrgModel): Generator<{ repo: string; text: string }> {
  for (const repo of org.repos) {
    const lines = ['# Generated for the demo organisation', `* @acme/${repo.squads[0]!.key}`];
    for (const squad of org.squads) lines.push(`/${areaRoot(repo, squad.stem)} @acme/${squad.key}`);
    lines.push(`/.github/ @acme/${repo.squads[0]!.key}`);
    yield { repo: repo.key, text: `${lines.join('\n')}\n` };
  }
}
