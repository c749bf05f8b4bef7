/** Ratings by principle with their written evidence (and, for a review, the ledger entries it cites): interview feedback and reviews read the same way. */
export function RatedPrinciples({ ratings }: { ratings: readonly { principleId: string; title: string; rating: number; evidence: string; cited?: readonly { id: string; text: string }[] }[] }) {
  return (
    <>
      {ratings.map((rating) => (
        <div key={rating.principleId}>
          <p>
            {rating.title}: {rating.rating}/5
          </p>
          <blockquote>{rating.evidence}</blockquote>
          {rating.cited !== undefined && rating.cited.length > 0 && (
            <p className="table__muted">
              Cites from the ledger: {rating.cited.map((entry) => entry.text).join(' · ')}
            </p>
          )}
        </div>
      ))}
    </>
  );
}
