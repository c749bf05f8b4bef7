import type { z } from '@hono/zod-openapi';
import type { WbrAnnotationSchema, WbrAnomalySchema, WbrDeckSchema, WbrDeckSummarySchema, WbrSnapshotSchema, WbrSnapshotSummarySchema } from '../../../../src/server/routes/wbr/wbr.schema.js';

// The web app reads the same schemas the server validates with, so a renamed field is a type error here.
export type WbrDeckSummary = z.infer<typeof WbrDeckSummarySchema>;
export type WbrDeck = z.infer<typeof WbrDeckSchema>;
export type WbrSnapshotSummary = z.infer<typeof WbrSnapshotSummarySchema>;
export type WbrSnapshot = z.infer<typeof WbrSnapshotSchema>;
export type WbrAnomaly = z.infer<typeof WbrAnomalySchema>;
export type WbrAnnotation = z.infer<typeof WbrAnnotationSchema>;
export type WbrDataInfo = NonNullable<WbrDeckSummary['data']>;
export type WbrSignalRule = WbrAnomaly['rule'];
export type WbrDirection = WbrAnomaly['direction'];
export type WbrAnomalyStatus = WbrAnomaly['status'];
