import { Global, Module } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { AuthController } from './auth.controller';
import { OrganisationModule } from '../organisation/organisation.module';
import { AuthService } from './auth.service';
import { FailureThrottle } from './failure-throttle.service';
import { OrganiserGuard } from './organiser.guard';
import { TokenFailuresInterceptor } from './token-failures.interceptor';

/** Accounts (organisers, district coordinators), login sessions, the guard of signed-in routes, the throttle of failed attempts. */
@Global()
@Module({
  imports: [OrganisationModule],
  controllers: [AuthController, AccountsController],
  providers: [AuthService, AccountsService, OrganiserGuard, FailureThrottle, TokenFailuresInterceptor],
  exports: [AuthService, OrganiserGuard, FailureThrottle, TokenFailuresInterceptor],
})
export class AuthModule {}
