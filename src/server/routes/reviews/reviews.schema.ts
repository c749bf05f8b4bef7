import { z } from '@hono/zod-openapi';
import { RATING_SCALE } from '../../../domain/hiring/feedback-rules.js';
import { PEOPLE_LIMITS } from '../../../domain/people/people-rules.js';
import { REVIEW_LIMITS } from '../../../domain/reviews/review-rules.js';
import { baseToken, OrgParamsSchema, Uuid } from '../common/common.schema.js';

export const CycleParamsSchema = OrgParamsSchema.extend({ cycleId: Uuid.openapi({ param: { name: 'cycleId', in: 'path' } }) });
export const CyclePersonParamsSchema = CycleParamsSchema.extend({ personId: Uuid.openapi({ param: { name: 'personId', in: 'path' } }) });
export const LedgerParamsSchema = OrgParamsSchema.extend({ personId: Uuid.openapi({ param: { name: 'personId', in: 'path' } }) });

const text = z.string().max(REVIEW_LIMITS.textMaxLength, `must be at most ${REVIEW_LIMITS.textMaxLength} characters`);
const rating = z.number().int('must be a whole number').min(RATING_SCALE.min, `must be at least ${RATING_SCALE.min}`).max(RATING_SCALE.max, `must be at most ${RATING_SCALE.max}`);

export const EvidenceSchema = z
  .object({
    id: z.string(),
    principleId: z.string(),
    principleVersion: z.number().int(),
    principleTitle: z.string(),
    text: z.string(),
    author: z.string().nullable(),
    createdAt: z.string(),
    correctedAt: z.string().nullable().openapi({ description: 'When the entry\'s text or principle was last corrected; null while it reads as it was written. Sending it back unchanged is no correction.' }),
    editToken: z.string().openapi({ description: 'Send it back as `baseToken` when correcting or deleting the entry: if it changed since you read it, the change is refused (409).' }),
    canChange: z.boolean().openapi({ description: 'You wrote the entry or are an admin: you may correct or delete it while nothing cites it.' }),
    isCited: z.boolean().openapi({ description: 'A saved review or promotion case you may read cites it: it can be neither corrected nor deleted (422 `evidence.cited`).' }),
  })
  .openapi('Evidence');
export const AddEvidenceSchema = z.strictObject({ principleId: Uuid, text }).openapi('AddEvidence');
export const EvidenceParamsSchema = LedgerParamsSchema.extend({ evidenceId: Uuid.openapi({ param: { name: 'evidenceId', in: 'path' } }) });
export const CorrectEvidenceSchema = z.strictObject({ text: text.optional(), principleId: Uuid.optional(), baseToken: baseToken('ledger entry', 'editToken') }).openapi('CorrectEvidence');
export const DeleteEvidenceQuerySchema = z.object({ baseToken: baseToken('ledger entry', 'editToken') });
export const PersonReviewSchema = z.object({ cycleId: z.string(), cycleName: z.string(), cycleStatus: z.enum(['open', 'closed']), updatedAt: z.string() }).openapi('PersonReview');

export const CycleSchema = z.object({ id: z.string(), name: z.string(), status: z.enum(['open', 'closed']), reviewCount: z.number().int(), createdAt: z.string() }).openapi('ReviewCycle');
export const CreateCycleSchema = z.strictObject({ name: z.string().trim().min(1, 'must not be empty').max(REVIEW_LIMITS.nameMaxLength) }).openapi('CreateReviewCycle');

export const ReviewSchema = z
  .object({
    personId: z.string(),
    name: z.string(),
    role: z.string(),
    level: z.number().int().openapi({ description: 'The role and level are the person\'s when the review was last saved.' }),
    leftOn: z.string().nullable().openapi({ description: 'The day the person left the company, or null.' }),
    ratings: z.array(z.object({ principleId: z.string(), version: z.number().int(), title: z.string(), rating: z.number().int(), evidence: z.string(), evidenceIds: z.array(z.string()), cited: z.array(z.object({ id: z.string(), text: z.string() })).openapi({ description: 'The ledger entries the rating cites (`evidenceIds`), with their text.' }) })),
    reviewVersion: z.number().int(),
    reviewer: z.string().nullable().openapi({ description: 'Who saved the review last; null once their account is gone.' }),
    updatedAt: z.string(),
  })
  .openapi('Review');

export const SaveReviewSchema = z
  .strictObject({
    ratings: z.array(z.strictObject({ principleId: Uuid, rating, evidence: text, evidenceIds: z.array(Uuid).max(50).default([]) })).max(100),
    baseVersion: z.number().int('must be a whole number').min(0).openapi({ description: 'The reviewVersion you started from (0 for a first review); a stale one answers 409.' }),
  })
  .openapi('SaveReview');

export const CalibrationQuerySchema = z.object({
  role: z.string().max(PEOPLE_LIMITS.roleMaxLength).optional(),
  level: z.coerce.number().int('must be a whole number').min(PEOPLE_LIMITS.minLevel).max(PEOPLE_LIMITS.maxLevel).optional(),
  includeThin: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description: 'Count thin reviews (rating fewer than half the principles in `judgedAgainst`) in the group averages too. Left out by default: they are still listed, and each group says how many it left out.' }),
});

export const CalibrationSchema = z
  .object({
    includesThin: z.boolean().openapi({ description: 'Whether thin reviews count in `principleAverages` (`includeThin=true`); false by default.' }),
    judgedAgainst: z
      .array(z.object({ id: z.string(), version: z.number().int(), title: z.string() }))
      .openapi({ description: 'The principles coverage counts, in order: the org\'s active principles for an open cycle; for a closed cycle, those it was closed with, at their wording then (adding or retiring a principle later changes nothing in it).' }),
    principles: z.array(z.object({ id: z.string(), title: z.string() })).openapi({ description: 'The principles the cycle\'s reviews rate: one column each.' }),
    groups: z.array(
      z.object({
        role: z.string(),
        level: z.number().int(),
        people: z.array(
          z.object({
            personId: z.string(),
            name: z.string(),
            average: z.number().nullable(),
            ratings: z.record(z.string(), z.number()),
            coverage: z.object({ rated: z.number().int(), of: z.number().int() }).openapi({ description: 'How many of the principles in `judgedAgainst` the review rates, out of how many.' }),
            isThin: z.boolean().openapi({ description: 'Rates fewer than half the principles in `judgedAgainst`: ranked after the fuller reviews.' }),
            isInAverages: z.boolean().openapi({ description: 'Its ratings count in `principleAverages`: every review that is not thin, and the thin ones with `includeThin=true`.' }),
          }),
        ),
        principleAverages: z.record(z.string(), z.number()).openapi({ description: 'Per principle, the average rating of the reviews counted (`isInAverages`); a principle none of them rates is absent.' }),
        principleRatingCounts: z.record(z.string(), z.number().int()).openapi({ description: 'Per principle, how many ratings its average rests on.' }),
        thinLeftOut: z.number().int().openapi({ description: 'How many of the group\'s thin reviews the averages leave out (0 with `includeThin=true`).' }),
      }),
    ),
  })
  .openapi('Calibration');

export const PromotionCaseSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    fromLevel: z.number().int(),
    targetLevel: z.number().int(),
    sections: z.array(z.object({ principleId: z.string(), version: z.number().int(), title: z.string(), rating: z.number().int().nullable().openapi({ description: '1 to 5 on the interview scale; null in a case written before sections were scored.' }), narrative: z.string(), evidence: z.array(z.object({ id: z.string(), text: z.string() })) })),
    author: z.string().nullable().openapi({ description: 'Who wrote the case; null once their account is gone.' }),
    createdAt: z.string(),
  })
  .openapi('PromotionCase');

export const CreatePromotionCaseSchema = z
  .strictObject({
    targetLevel: z.number().int('must be a whole number').min(PEOPLE_LIMITS.minLevel).max(PEOPLE_LIMITS.maxLevel),
    sections: z.array(z.strictObject({ principleId: Uuid, rating: z.number({ message: 'must be a whole number from 1 to 5' }).openapi({ description: 'How the person does on this principle against the bar of the target level, 1 to 5 (the interview scale).' }), narrative: text, evidenceIds: z.array(Uuid).max(50).default([]) })).max(100),
    baseCaseId: Uuid.nullable()
      .optional()
      .openapi({ description: 'The id of the person\'s newest promotion case when you read them (the first of `promotionCases`), null if they had none: a case written since answers 409 with `data.currentCaseId`, and nothing is written. Left out, it is not checked.' }),
  })
  .openapi('CreatePromotionCase');
