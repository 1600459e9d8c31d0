import { Initial1795987737816 } from './1795987737816-initial';

/** Every migration, oldest first. Add new ones at the end. */
export const MIGRATIONS = [Initial1795987737816];
