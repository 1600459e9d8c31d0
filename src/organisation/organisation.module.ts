import { Module } from '@nestjs/common';
import { OrganisationService } from './organisation.service';
import { RosterImportService } from './roster-import.service';

/** The roster: districts, judicial offices, posts and participants. */
@Module({ providers: [OrganisationService, RosterImportService], exports: [OrganisationService, RosterImportService] })
export class OrganisationModule {}
