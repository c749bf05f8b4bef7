import type { InitiativeStage } from '../../../../src/domain/initiatives/stages.js';
import { Link } from '../../lib/router.js';
import { PIPELINE_STAGES, STAGE_HINTS, STAGE_LABELS } from './pipeline-types.js';

interface PipelineFlowProps {
  /** Initiatives at each stage (the pipeline page); without it, the flow shows one initiative's place. */
  counts?: Record<InitiativeStage, number>;
  /** The stage to mark: the filter on the pipeline page, the initiative's stage on its page. */
  current?: InitiativeStage | undefined;
  /** Where a stage links to (the pipeline filtered by it); no links without it. */
  hrefFor?: (stage: InitiativeStage | undefined) => string;
}

/** The Working Backwards flowchart: the stages in order, then the way out that any stage before launch has. */
export function PipelineFlow({ counts, current, hrefFor }: PipelineFlowProps) {
  const stage = (name: InitiativeStage, index: number | undefined) => {
    const hasNext = index !== undefined && index < PIPELINE_STAGES.length - 1;
    const isCurrent = name === current;
    const passed = counts === undefined && current !== undefined && current !== 'killed' && index !== undefined && index < PIPELINE_STAGES.indexOf(current as (typeof PIPELINE_STAGES)[number]);
    const body = (
      <>
        <span className="pipeline-flow__label">{STAGE_LABELS[name]}</span>
        {counts && (
          <>
            <span className="visually-hidden">: </span>
            <span className="pipeline-flow__count">{counts[name]}</span>
          </>
        )}
      </>
    );
    const className = ['pipeline-flow__stage', name === 'killed' ? 'pipeline-flow__stage--killed' : '', isCurrent ? 'pipeline-flow__stage--current' : '', passed ? 'pipeline-flow__stage--passed' : ''].filter(Boolean).join(' ');
    return (
      <li key={name} className={className} title={STAGE_HINTS[name]}>
        {hrefFor ? (
          // The visible words are the link's name (label and count); the shown stage says so with aria-current.
          <Link className="pipeline-flow__box" to={hrefFor(isCurrent ? undefined : name)} aria-current={isCurrent ? 'true' : undefined}>
            {body}
          </Link>
        ) : (
          <span className="pipeline-flow__box" aria-current={isCurrent ? 'step' : undefined}>
            {body}
          </span>
        )}
        {/* After the stage, in its item: where the row wraps, the arrow ends the row and points on to the next one. */}
        {hasNext && (
          <span className="pipeline-flow__arrow" aria-hidden="true">
            →
          </span>
        )}
      </li>
    );
  };
  return (
    <nav aria-label="Pipeline stages" className="pipeline-flow">
      <ol className="pipeline-flow__stages">{PIPELINE_STAGES.map((name, index) => stage(name, index))}</ol>
      <ul className="pipeline-flow__exit">{stage('killed', undefined)}</ul>
    </nav>
  );
}
