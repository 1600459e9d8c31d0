import { Global, Module } from '@nestjs/common';
import { AuditViewsService } from './audit-views.service';
import { AuditService } from './audit.service';

/** The audit log, available to every feature. */
@Global()
@Module({ providers: [AuditService, AuditViewsService], exports: [AuditService, AuditViewsService] })
export class AuditModule {}
