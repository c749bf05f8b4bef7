/** Ratings by principle with their written evidence: interview feedback and reviews read the same way. */
export function RatedPrinciples({ ratings }: { ratings: readonly { principleId: string; title: string; rating: number; evidence: string }[] }) {
  return (
    <>
      {ratings.map((rating) => (
        <div key={rating.principleId}>
          <p>
            {rating.title}: {rating.rating}/5
          </p>
          <blockquote>{rating.evidence}</blockquote>
        </div>
      ))}
    </>
  );
}
