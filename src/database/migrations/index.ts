import { Initial1795987737816 } from './1795987737816-initial';
import { Balancing1795990000000 } from './1795990000000-balancing';
import { Staffing1795995500000 } from './1795995500000-staffing';
import { AccountsAudit1795996000000 } from './1795996000000-accounts-audit';
import { InvitationRsvp1795997000000 } from './1795997000000-invitation-rsvp';
import { StaffingPlanRules1795998400000 } from './1795998400000-staffing-plan-rules';
import { HandoverFollowsRegister1795998500000 } from './1795998500000-handover-follows-register';
import { ProductClock1795998000000 } from './1795998000000-product-clock';
import { Attendance1796100000000 } from './1796100000000-attendance';
import { Leave1796100001000 } from './1796100001000-leave';
import { Reminders1796100002000 } from './1796100002000-reminders';
import { GroupMessages1796100003000 } from './1796100003000-group-messages';
import { InvitationExclusions1796100004000 } from './1796100004000-invitation-exclusions';
import { TrainingDaysForeignKeys1796200001000 } from './1796200001000-training-days-foreign-keys';
import { MailBatches1796200002000 } from './1796200002000-mail-batches';
import { RunContact1796200002500 } from './1796200002500-run-contact';
import { GroupMessageSendKey1796200003000 } from './1796200003000-group-message-send-key';
import { InvitationSequenceSeen1795998100000 } from './1795998100000-invitation-sequence-seen';
import { OutboxSealedLinks1795998200000 } from './1795998200000-outbox-sealed-links';
import { Scheduling1795998300000 } from './1795998300000-scheduling';

/** Every migration, oldest first. Add new ones at the end. */
export const MIGRATIONS = [
  Initial1795987737816,
  Balancing1795990000000,
  Staffing1795995500000,
  AccountsAudit1795996000000,
  InvitationRsvp1795997000000,
  ProductClock1795998000000,
  InvitationSequenceSeen1795998100000,
  OutboxSealedLinks1795998200000,
  Scheduling1795998300000,
  StaffingPlanRules1795998400000,
  HandoverFollowsRegister1795998500000,
  Attendance1796100000000,
  Leave1796100001000,
  Reminders1796100002000,
  GroupMessages1796100003000,
  InvitationExclusions1796100004000,
  TrainingDaysForeignKeys1796200001000,
  MailBatches1796200002000,
  RunContact1796200002500,
  GroupMessageSendKey1796200003000,
];
