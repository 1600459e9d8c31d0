import type { PostKind } from '../organisation/post.entity';
import { ALL_AUDIENCE_POSTS } from './training-run.entity';

/** Who a run is for: post kinds and districts (empty districts: every district). */
export interface RunAudience {
  posts: PostKind[];
  districtIds: number[];
}

/** The audience stored on a run (comma-separated columns). */
export function readAudience(run: { audiencePosts?: string; audienceDistricts?: string }): RunAudience {
  const posts = (run.audiencePosts ?? ALL_AUDIENCE_POSTS).split(',').filter(Boolean) as PostKind[];
  const districtIds = (run.audienceDistricts ?? '').split(',').filter(Boolean).map(Number);
  return { posts, districtIds };
}

/** The audience as the run's columns. */
export function writeAudience(audience: RunAudience): { audiencePosts: string; audienceDistricts: string } {
  return { audiencePosts: [...new Set(audience.posts)].join(','), audienceDistricts: [...new Set(audience.districtIds)].sort((a, b) => a - b).join(',') };
}

/** True when a person on a post of `postKind` in `districtId` is invited to the run. */
export function inAudience(run: { audiencePosts?: string; audienceDistricts?: string }, person: { postKind: PostKind; districtId: number }): boolean {
  const { posts, districtIds } = readAudience(run);
  return posts.includes(person.postKind) && (districtIds.length === 0 || districtIds.includes(person.districtId));
}
