package graphql

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrAccountNotFound is returned (wrapped) by Client.Account when the daemon
// reports no account for the public key and token.
var ErrAccountNotFound = errors.New("graphql: account not found")

// UnreachableError reports a transport failure: the node could not be dialled
// or the connection broke before a complete HTTP response arrived.
type UnreachableError struct {
	Op       string // GraphQL operation name
	Endpoint string
	// RequestSent is true when the request had been completely written to a
	// connection, so the node may have acted on it.
	RequestSent bool
	Err         error
}

// Error implements error.
func (e *UnreachableError) Error() string {
	return fmt.Sprintf("graphql: %s: node %s unreachable: %v", e.Op, e.Endpoint, e.Err)
}

// Unwrap returns the underlying cause.
func (e *UnreachableError) Unwrap() error { return e.Err }

// TimeoutError reports that an attempt or the whole call ran past its deadline.
// It unwraps to context.DeadlineExceeded (or the transport's timeout error).
type TimeoutError struct {
	Op       string
	Endpoint string
	// RequestSent is true when the request had been completely written to a
	// connection, so the node may have acted on it.
	RequestSent bool
	Err         error
}

// Error implements error.
func (e *TimeoutError) Error() string {
	return fmt.Sprintf("graphql: %s: timed out waiting for %s: %v", e.Op, e.Endpoint, e.Err)
}

// Unwrap returns the underlying cause.
func (e *TimeoutError) Unwrap() error { return e.Err }

// HTTPStatusError reports a non-2xx HTTP response that carried no GraphQL
// errors.
type HTTPStatusError struct {
	Op         string
	StatusCode int
	Status     string
	// RetryAfter is the delay the server asked for (Retry-After header), zero
	// when absent or unparsable.
	RetryAfter time.Duration
	Body       string // at most the first 512 bytes of the response body
}

// Error implements error.
func (e *HTTPStatusError) Error() string {
	msg := fmt.Sprintf("graphql: %s: HTTP %s", e.Op, e.Status)
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// MalformedResponseError reports a response body that is not a well-formed
// GraphQL JSON response for the operation.
type MalformedResponseError struct {
	Op         string
	StatusCode int
	Body       string // at most the first 512 bytes of the response body
	Err        error
}

// Error implements error.
func (e *MalformedResponseError) Error() string {
	return fmt.Sprintf("graphql: %s: malformed response (HTTP %d): %v", e.Op, e.StatusCode, e.Err)
}

// Unwrap returns the underlying cause.
func (e *MalformedResponseError) Unwrap() error { return e.Err }

// GraphQLErrorLocation is a position in the query text a GraphQL error refers to.
type GraphQLErrorLocation struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// GraphQLErrorEntry is one element of a response's "errors" array, kept
// exactly as the node sent it.
type GraphQLErrorEntry struct {
	Message    string                 `json:"message"`
	Path       []any                  `json:"path,omitempty"`
	Locations  []GraphQLErrorLocation `json:"locations,omitempty"`
	Extensions map[string]any         `json:"extensions,omitempty"`
}

// PathString renders Path as dot-separated segments ("sendZkapp.zkapp").
func (e GraphQLErrorEntry) PathString() string {
	parts := make([]string, len(e.Path))
	for i, p := range e.Path {
		parts[i] = fmt.Sprint(p)
	}
	return strings.Join(parts, ".")
}

// GraphQLError carries the "errors" array of a GraphQL response verbatim; the
// node executed (or refused to execute) the operation and said why.
type GraphQLError struct {
	Op         string
	StatusCode int
	Errors     []GraphQLErrorEntry
}

// Error implements error.
func (e *GraphQLError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "graphql: %s: ", e.Op)
	for i, entry := range e.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(entry.Message)
		if p := entry.PathString(); p != "" {
			fmt.Fprintf(&b, " (path %s)", p)
		}
	}
	return b.String()
}

// Messages returns the error messages in order, unmodified.
func (e *GraphQLError) Messages() []string {
	out := make([]string, len(e.Errors))
	for i, entry := range e.Errors {
		out[i] = entry.Message
	}
	return out
}

// RejectedError reports a zkApp command the node marked as failed; Failures is
// the node's failureReason list (per account update).
type RejectedError struct {
	Hash     TransactionHash
	ID       TransactionID
	Failures []FailureReason
	// Included is true when the failure was read from a block of the best
	// chain (the command was applied as failed and its fee charged).
	Included bool
}

// Error implements error.
func (e *RejectedError) Error() string {
	parts := make([]string, len(e.Failures))
	for i, f := range e.Failures {
		parts[i] = f.String()
	}
	where := "rejected"
	if e.Included {
		where = "included as failed"
	}
	return fmt.Sprintf("graphql: zkApp command %s %s: %s", e.Hash, where, strings.Join(parts, "; "))
}

// NetworkMismatchError reports that the node serves another network than the
// one the caller expected.
type NetworkMismatchError struct {
	Want, Got string
}

// Error implements error.
func (e *NetworkMismatchError) Error() string {
	return fmt.Sprintf("graphql: node is on network %q, want %q", e.Got, e.Want)
}

// NonceConflictError reports that, after an ambiguous send, the fee payer's
// nonce is already taken (in the pool or the ledger) but not by a command the
// client can identify as this one; the command was not resent.
type NonceConflictError struct {
	FeePayer PublicKey
	Nonce    uint32
	// Reason says where the conflict was seen.
	Reason string
}

// Error implements error.
func (e *NonceConflictError) Error() string {
	return fmt.Sprintf("graphql: sendZkapp: fee payer %s nonce %d already used (%s); not resending", e.FeePayer, e.Nonce, e.Reason)
}

// AmbiguousSendError reports that a zkApp command may or may not have reached
// the node and the client could not find out before giving up; it was not
// resent. Retrying the same command with SendZkapp is safe: it checks first.
type AmbiguousSendError struct {
	Sends    int   // times the command was transmitted
	Err      error // the last send's failure
	CheckErr error // why the duplicate check could not decide; nil if it could not run
}

// Error implements error.
func (e *AmbiguousSendError) Error() string {
	msg := fmt.Sprintf("graphql: sendZkapp: outcome unknown after %d send(s): %v", e.Sends, e.Err)
	if e.CheckErr != nil {
		msg += fmt.Sprintf("; duplicate check: %v", e.CheckErr)
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *AmbiguousSendError) Unwrap() error { return e.Err }

// DroppedError reports a zkApp command the node no longer knows: it left the
// pool without appearing in the best chain.
type DroppedError struct {
	Ref ZkappRef
}

// Error implements error.
func (e *DroppedError) Error() string {
	return fmt.Sprintf("graphql: zkApp command %s dropped: no longer pending and not in the best chain", e.Ref)
}
