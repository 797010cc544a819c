import {
  AgentSessionEntity,
  AgentSessionEventEntity,
  CiRunEntity,
  CommitEntity,
  DeploymentEntity,
  IncidentEntity,
  PrEventEntity,
  PullRequestEntity,
  RawEventEntity,
  ReviewEntity,
} from './event.entities.js';
import {
  GroupEntity,
  OrgSettingsEntity,
  PatternEntity,
  PersonEntity,
  RepositoryEntity,
  ServiceEntity,
  SquadEntity,
} from './org.entities.js';

export * from './event.entities.js';
export * from './org.entities.js';

export const ENTITIES = [
  OrgSettingsEntity,
  GroupEntity,
  SquadEntity,
  PersonEntity,
  ServiceEntity,
  RepositoryEntity,
  PatternEntity,
  CommitEntity,
  PullRequestEntity,
  PrEventEntity,
  ReviewEntity,
  CiRunEntity,
  DeploymentEntity,
  IncidentEntity,
  AgentSessionEntity,
  AgentSessionEventEntity,
  RawEventEntity,
];
