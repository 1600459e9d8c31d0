import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { OrganiserGuard } from './organiser.guard';

/** Organiser accounts, login sessions and the guard of organiser routes. */
@Global()
@Module({ controllers: [AuthController], providers: [AuthService, OrganiserGuard], exports: [AuthService, OrganiserGuard] })
export class AuthModule {}
