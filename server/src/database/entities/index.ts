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
import { DriftEpisodeEntity, DriftSignalEntity, DriftUnitEntity } from './drift.entities.js';
import {
  ChangeFactEntity,
  CommitFactEntity,
  DeploymentFactEntity,
  IncidentFactEntity,
  MetricTargetEntity,
  PrCitationEntity,
  PrFactEntity,
  ReviewFactEntity,
  ServiceSettingsEntity,
} from './fact.entities.js';
import {
  GroupEntity,
  OrgSettingsEntity,
  PatternEntity,
  PersonEntity,
  RepositoryEntity,
  ServiceEntity,
  SquadEntity,
} from './org.entities.js';

import { AUTH_ENTITIES } from '../../auth/entities/auth.entities.js';
import { PatternChangeEntity } from '../../patterns/entities/pattern-change.entity.js';
import { CONNECTOR_ENTITIES } from '../../connectors/entities/connector.entities.js';
import { ReportEntity, ReportScheduleClaimEntity } from '../../reports/entities/report.entity.js';

export * from './drift.entities.js';
export * from './event.entities.js';
export * from './fact.entities.js';
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
  DeploymentFactEntity,
  ChangeFactEntity,
  IncidentFactEntity,
  PrFactEntity,
  ReviewFactEntity,
  CommitFactEntity,
  MetricTargetEntity,
  ServiceSettingsEntity,
  PrCitationEntity,
  PatternChangeEntity,
  DriftUnitEntity,
  DriftEpisodeEntity,
  DriftSignalEntity,
  ReportEntity,
  ReportScheduleClaimEntity,
  ...AUTH_ENTITIES,
  ...CONNECTOR_ENTITIES,
];
