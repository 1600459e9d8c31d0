import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AuthController } from './auth.controller';
import { OrganisationModule } from '../organisation/organisation.module';
import { AuthService } from './auth.service';
import { OrganiserGuard } from './organiser.guard';

/** Accounts (organisers, district coordinators), login sessions, the guard of signed-in routes, throttling. */
@Global()
@Module({
  imports: [ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 600 }]), OrganisationModule],
  controllers: [AuthController, AccountsController],
  providers: [AuthService, AccountsService, OrganiserGuard],
  exports: [AuthService, OrganiserGuard],
})
export class AuthModule {}
