import type { GroupSummary, SquadSummary } from '@bearing/shared';
import { DownloadCsvButton } from '../../components/DownloadCsvButton';
import { EmptyState } from '../../components/EmptyState';
import { toCsv, type CsvColumn } from '../../lib/csv';

export interface OrgStructureTablesProps {
  squads: SquadSummary[];
  groups: GroupSummary[];
}

const squadCsv: CsvColumn<SquadSummary>[] = [
  { header: 'squad_key', value: (s) => s.key },
  { header: 'squad', value: (s) => s.name },
  { header: 'group', value: (s) => s.group },
  { header: 'people', value: (s) => s.people },
  {
    header: 'repositories',
    value: (s) => s.repositories.map((r) => (r.primary ? r.key : `${r.key} (secondary)`)).join('; '),
  },
  {
    header: 'services',
    value: (s) => s.services.map((v) => (v.primary ? v.key : `${v.key} (secondary)`)).join('; '),
  },
];

const groupCsv: CsvColumn<GroupSummary>[] = [
  { header: 'group_key', value: (g) => g.key },
  { header: 'group', value: (g) => g.name },
  { header: 'parent', value: (g) => g.parent },
  { header: 'squads', value: (g) => g.squads.join('; ') },
];

function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Squads with their repositories and services, and groups with their squads. */
export function OrgStructureTables({ squads, groups }: OrgStructureTablesProps) {
  const squadName = new Map(squads.map((s) => [s.key, s.name]));
  const groupName = new Map(groups.map((g) => [g.key, g.name]));
  const sortedSquads = [...squads].sort((a, b) => a.name.localeCompare(b.name));
  const sortedGroups = [...groups].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <>
      <section className="panel" aria-labelledby="admin-squads">
        <div className="panel__header">
          <h2 id="admin-squads">Squads</h2>
          <DownloadCsvButton
            filename="bearing-squads.csv"
            getCsv={() => toCsv(squadCsv, sortedSquads)}
            disabled={squads.length === 0}
          />
        </div>
        {squads.length === 0 ? (
          <EmptyState title="No squads yet">Import squads or connect a source.</EmptyState>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Squads">
            <table className="data-table">
              <caption>Squads with the repositories and services they own</caption>
              <thead>
                <tr>
                  <th scope="col">Squad</th>
                  <th scope="col">Group</th>
                  <th scope="col" className="num">
                    People
                  </th>
                  <th scope="col">Repositories</th>
                  <th scope="col">Services</th>
                </tr>
              </thead>
              <tbody>
                {sortedSquads.map((squad) => (
                  <tr key={squad.key}>
                    <th scope="row">
                      {squad.name} <span className="muted">({squad.key})</span>
                    </th>
                    <td>{squad.group ? (groupName.get(squad.group) ?? squad.group) : '—'}</td>
                    <td className="num">{squad.people}</td>
                    <td>
                      {squad.repositories.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="plain-list">
                          {squad.repositories.map((repo) => {
                            const href = safeHttpUrl(repo.url);
                            return (
                              <li key={repo.key}>
                                {href ? <a href={href}>{repo.key}</a> : repo.key}
                                {repo.primary ? null : <span className="tag">secondary</span>}
                              </li>
                            );
                          })}
                        </ul>
                      )}
                    </td>
                    <td>
                      {squad.services.length === 0 ? (
                        '—'
                      ) : (
                        <ul className="plain-list">
                          {squad.services.map((service) => (
                            <li key={service.key}>
                              {service.name}
                              {service.primary ? null : <span className="tag">secondary</span>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="admin-groups">
        <div className="panel__header">
          <h2 id="admin-groups">Groups</h2>
          <DownloadCsvButton
            filename="bearing-groups.csv"
            getCsv={() => toCsv(groupCsv, sortedGroups)}
            disabled={groups.length === 0}
          />
        </div>
        {groups.length === 0 ? (
          <EmptyState title="No groups yet">Squads can be grouped for directors.</EmptyState>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Groups">
            <table className="data-table">
              <caption>Groups, their parent group and their squads</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Parent</th>
                  <th scope="col">Squads</th>
                </tr>
              </thead>
              <tbody>
                {sortedGroups.map((group) => (
                  <tr key={group.key}>
                    <th scope="row">
                      {group.name} <span className="muted">({group.key})</span>
                    </th>
                    <td>{group.parent ? (groupName.get(group.parent) ?? group.parent) : '—'}</td>
                    <td>
                      {group.squads.length === 0
                        ? '—'
                        : group.squads.map((key) => squadName.get(key) ?? key).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
