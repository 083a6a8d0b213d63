package verifier

import (
	"errors"

	"github.com/zkml-mina/zkml/kimchi/ipa"
)

// Errors naming the failed check; Verify wraps them with context, so test
// with errors.Is.
var (
	// ErrIPA is the final batched opening check (ipa.rs SRS::verify). An
	// inconsistent evaluation, a wrong ft_eval (Kimchi does not compare
	// ft_eval0 directly: a wrong quotient or linearization only shows here),
	// a tampered commitment or public input all surface as this error.
	ErrIPA = ipa.ErrFinalCheck
	// ErrPublicInputCount is a public-input length different from the index's.
	ErrPublicInputCount = errors.New("public input count mismatch")
	// ErrPrevChallengeCount is a recursion-challenge count different from the index's.
	ErrPrevChallengeCount = errors.New("previous challenge count mismatch")
	// ErrEvalChunks is an evaluation whose chunk count is not the expected one.
	ErrEvalChunks = errors.New("evaluation chunk count")
	// ErrCommitmentShape is a commitment with the wrong number of chunks or
	// a missing optional commitment.
	ErrCommitmentShape = errors.New("commitment shape")
	// ErrMissingEvaluation is an evaluation the index requires but the proof lacks.
	ErrMissingEvaluation = errors.New("missing evaluation")
	// ErrDecode is a point or scalar that does not decode (not on the
	// curve, not canonical).
	ErrDecode = errors.New("proof element decoding")
	// ErrIndex is an inconsistent or unsupported verifier index.
	ErrIndex = errors.New("verifier index")
	// ErrUnsupported is a circuit feature this verifier does not implement yet.
	ErrUnsupported = errors.New("unsupported feature")
	// ErrDegenerate is a challenge that hits a forbidden value (probability
	// negligible for honest transcripts).
	ErrDegenerate = errors.New("degenerate challenge")
)
