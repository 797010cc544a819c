import type { SquadSummary } from '@bearing/shared';
import { Link, type To } from 'react-router';
import { EmptyState } from '../../components/EmptyState';

export interface SquadChooserProps {
  squads: SquadSummary[];
  squadLink: (squadKey: string) => To;
}

/** A list of squads to pick from when a view needs one. */
export function SquadChooser({ squads, squadLink }: SquadChooserProps) {
  if (squads.length === 0) {
    return <EmptyState title="No squads to show">No squads are visible to you yet.</EmptyState>;
  }
  const sorted = [...squads].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <ul className="squad-chooser">
      {sorted.map((squad) => (
        <li key={squad.key}>
          <Link to={squadLink(squad.key)}>{squad.name}</Link>
        </li>
      ))}
    </ul>
  );
}
