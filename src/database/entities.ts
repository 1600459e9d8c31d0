import { TRAINING_DAYS_ENTITIES } from '../attendance/attendance.entities';
import { LoginSession } from '../auth/login-session.entity';
import { Account } from '../auth/account.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { BalancingPlan } from '../balancing/balancing-plan.entity';
import { CalendarInvitation } from '../invitations/calendar-invitation.entity';
import { OutboxMessage } from '../invitations/outbox-message.entity';
import { MailBatch, MailBatchMessage } from '../invitations/mail-batch.entity';
import { District } from '../organisation/district.entity';
import { JudicialOffice } from '../organisation/judicial-office.entity';
import { Participant } from '../organisation/participant.entity';
import { Post } from '../organisation/post.entity';
import { ProductClockState } from './product-clock-state.entity';
import { Registration } from '../registrations/registration.entity';
import { STAFFING_ENTITIES } from '../staffing/staffing.entities';
import { TrainingRun } from '../training/training-run.entity';
import { TrainingSession } from '../training/training-session.entity';
import { Venue } from '../scheduling/venues/venue.entity';

/** Every entity of the schema, in one list for the app and the migration CLI. */
export const ENTITIES = [
  District,
  JudicialOffice,
  Post,
  Participant,
  TrainingRun,
  TrainingSession,
  Registration,
  CalendarInvitation,
  OutboxMessage,
  Account,
  LoginSession,
  BalancingPlan,
  AuditEvent,
  ProductClockState,
  Venue,
  ...STAFFING_ENTITIES,
  ...TRAINING_DAYS_ENTITIES,
  MailBatch,
  MailBatchMessage,
];
