import { DataSource } from 'typeorm';
import { Account } from '../auth/account.entity';
import { LoginSession } from '../auth/login-session.entity';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { generatePassword, loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/database-options';
import { runMigrations } from '../database/migrations-runner';

/**
 * Sets a new password for an account and unlocks it: `npm run account:password -- <username> [password]`.
 * Without a password one is generated and printed. For a forgotten organiser password (the
 * first one is printed only once; ORGANISER_PASSWORD only applies when no account exists yet).
 */
async function main(): Promise<void> {
  const [username, given] = process.argv.slice(2);
  if (!username) throw new Error('Usage: npm run account:password -- <username> [new password]');
  const password = given ?? generatePassword();
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  const dataSource = new DataSource(buildDataSourceOptions(loadConfig()));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const result = await dataSource.getRepository(Account).update({ username }, { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null, active: true });
    if (result.affected !== 1) throw new Error(`No account named "${username}"`);
    // Whoever was signed in with the old password is signed out.
    const account = await dataSource.getRepository(Account).findOneByOrFail({ username });
    await dataSource.getRepository(LoginSession).delete({ accountId: account.id });
    console.log(`Password of "${username}" set${given ? '' : ` to: ${password}`}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
