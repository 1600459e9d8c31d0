import type { PostKind } from '../organisation/post.entity';
import { ALL_AUDIENCE_POSTS } from './training-run.entity';

/**
 * Who a run is for (issue 12): post kinds and districts (empty districts: every district), or,
 * when `participantIds` is not empty, exactly the people of an imported list.
 */
export interface RunAudience {
  posts: PostKind[];
  districtIds: number[];
  participantIds: number[];
}

type AudienceColumns = { audiencePosts?: string; audienceDistricts?: string; audienceParticipantIds?: string };

const ids = (text: string | undefined) => (text ?? '').split(',').filter(Boolean).map(Number);

/** The audience stored on a run (comma-separated columns). */
export function readAudience(run: AudienceColumns): RunAudience {
  const posts = (run.audiencePosts ?? ALL_AUDIENCE_POSTS).split(',').filter(Boolean) as PostKind[];
  return { posts, districtIds: ids(run.audienceDistricts), participantIds: ids(run.audienceParticipantIds) };
}

/** The audience as the run's columns. */
export function writeAudience(audience: RunAudience): Required<AudienceColumns> {
  const sorted = (list: number[]) => [...new Set(list)].sort((a, b) => a - b).join(',');
  return { audiencePosts: [...new Set(audience.posts)].join(','), audienceDistricts: sorted(audience.districtIds), audienceParticipantIds: sorted(audience.participantIds) };
}

/** True when the person (their id, post kind and district) is invited to the run. */
export function inAudience(run: AudienceColumns, person: { id: number; postKind: PostKind; districtId: number }): boolean {
  const { posts, districtIds, participantIds } = readAudience(run);
  if (participantIds.length) return participantIds.includes(person.id);
  return posts.includes(person.postKind) && (districtIds.length === 0 || districtIds.includes(person.districtId));
}
