import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The signed-in organiser's user name (set by OrganiserGuard), recorded in the staffing history as "who". */
export const ActorName = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ organiser?: { username?: string } }>();
  return request.organiser?.username ?? 'organiser';
});
