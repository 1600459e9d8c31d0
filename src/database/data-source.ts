import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from './database-options';

/** The DataSource the TypeORM CLI uses (`npm run typeorm -- migration:generate …`). */
export default new DataSource(buildDataSourceOptions(loadConfig()));
