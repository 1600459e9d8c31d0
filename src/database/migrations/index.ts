import { Initial1795987737816 } from './1795987737816-initial';
import { Balancing1795990000000 } from './1795990000000-balancing';

/** Every migration, oldest first. Add new ones at the end. */
export const MIGRATIONS = [Initial1795987737816, Balancing1795990000000];
