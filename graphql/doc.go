// Package graphql is the Mina daemon client, generated with genqlient from
// schema.graphql and the operations beside it.
//
// # What the package owns
//
//   - schema.graphql: the daemon's SDL, copied unchanged from
//     shared/mina/daemon.graphql (o1-labs/mina-sdk-spec). Replace it, do not
//     edit it, when the daemon's schema moves.
//   - operations/*.graphql: the only operations zkml sends: networkID,
//     syncStatus, account, sendZkapp, transactionStatus, pooledZkappCommands
//     and bestChain (with a shared zkappCommandResultFields fragment).
//     Operation names are lower-case so the generated helpers and response
//     types stay unexported.
//   - generated.go: genqlient's output. Never edit it by hand.
//   - scalars.go, types.go, errors.go, client.go, send.go, wait.go: the
//     hand-written public API (Client and its result and error types).
//
// # Regenerating
//
// genqlient v0.8.1 is declared as a Go tool in go.mod. After changing an
// operation, the schema or genqlient.yaml, run
//
//	go generate ./graphql
//
// which runs `go tool genqlient` here; genqlient validates every operation
// against schema.graphql and fails on an unknown field, argument or unbound
// scalar.
//
// # Scalar bindings
//
// The daemon serialises every custom scalar as a JSON string, numbers
// included (the schema says "stringified uint32", "String representing a
// uint32 number in base 10", "ocaml integer as a string"), so all bindings
// are strings (genqlient.yaml):
//
//	PublicKey                                   PublicKey (Base58Check)
//	TokenId                                     TokenID (opaque; empty = MINA)
//	StateHash                                   StateHash
//	TransactionHash                             TransactionHash
//	TransactionId                               TransactionID (Base64 command)
//	Field, FieldElem, VerificationKeyHash,
//	Action                                      Field (base-10 field element)
//	UInt32, AccountNonce, Length,
//	GlobalSlotSinceGenesis, GlobalSlotSinceHardFork,
//	Globalslot, GlobalSlotSpan, Slot, Epoch     UInt32 (base-10; .Uint32())
//	UInt64, Balance, Amount, Fee,
//	CurrencyAmount, BlockTime                   UInt64 (base-10; .Uint64())
//	JSON, ExtensionalBlock, PrecomputedBlock,
//	RosettaTransaction                          json.RawMessage
//	ZkappCommandInput (input object)            json.RawMessage
//	Index, Memo, Sign, AuthRequired, the other
//	hashes, proofs, signatures, keys, times     string
//
// PrivateKey is deliberately unbound: an operation that would ship a private
// key to a node fails to generate.
//
// The zkApp command input (ZkappCommandInput: fee payer, account-update
// forest, memo; some 40 nested input types) is bound as a whole to
// json.RawMessage rather than generated. zkml never builds that structure in
// Go: o1js (Transaction.toJSON()) or mina-signer produce it, signed and
// proved, and any re-encoding through generated structs risks altering a
// signed payload (field order is irrelevant, but omitted nulls, number vs
// string encodings and future fields are not). The caller's bytes are
// therefore sent verbatim, always as the GraphQL variable $zkappCommand of
// `sendZkapp(input: {zkappCommand: $zkappCommand})`; nothing is ever spliced
// into the query text. SendZkapp only reads feePayer.body.publicKey and
// feePayer.body.nonce from it, for the duplicate check below.
//
// # Timeouts and retries
//
// Every method takes a context. If it has no deadline, the client's default
// call timeout applies (WithTimeout, 60 s; WaitForInclusion uses
// WithInclusionTimeout, 30 min); each HTTP attempt is further bounded by
// WithAttemptTimeout (20 s). Transport failures, attempt timeouts, HTTP 408,
// 429 and 5xx are retried up to WithRetry's attempt count (4) with
// exponential backoff (250 ms doubling to 8 s) and equal jitter; a 429 or 503
// Retry-After header (delay-seconds or HTTP-date) replaces the backoff, and
// one longer than WithMaxRetryAfter (30 s) ends the call. GraphQL errors,
// malformed responses and other 4xx statuses are final, as is the caller's
// cancellation.
//
// Errors are typed: *UnreachableError (dial or connection failure),
// *TimeoutError, *HTTPStatusError, *MalformedResponseError, *GraphQLError
// (the response's "errors" verbatim: message, path, locations, extensions),
// *RejectedError (a failureReason list), *NetworkMismatchError (CheckNetwork),
// and for sends *NonceConflictError and *AmbiguousSendError; WaitForInclusion
// adds *DroppedError. Client.Account wraps ErrAccountNotFound.
//
// # No double send
//
// SendZkapp transmits the command again only when the node demonstrably has
// no record of it. The exact rule, per failed attempt:
//
//  1. The node answered with GraphQL errors, a malformed body or a 4xx other
//     than 408/429: final, never resent.
//  2. The request was never completely written to a connection (dial
//     refused, DNS failure, connection lost while writing): the node cannot
//     have seen it; it is resent after the backoff.
//  3. Otherwise (timeout or broken connection after the request was written,
//     408, 429, 5xx) the outcome is ambiguous. After the backoff and before
//     any resend, the client runs the duplicate check, steps 4 to 7, in the
//     order a command moves (pool, then chain, then ledger nonce), so that a
//     command moving between two queries cannot be missed.
//  4. pooledZkappCommands(publicKey: fee payer). A command whose hash equals
//     ZkappSubmission.Hash (or, when no hash was supplied, with the same fee
//     payer and nonce) is ours: SendResult with Source "pool", not resent.
//  5. bestChain(maxLength: WithScanDepth, default 50). Same match: Source
//     "bestChain", with *RejectedError if it was applied as failed. In step 4
//     or 5, a command with our fee payer and nonce but another hash (hash
//     supplied) yields *NonceConflictError, not resent.
//  6. account(fee payer). A ledger nonce above ours means the nonce was used
//     outside the scanned window: *NonceConflictError, not resent. An
//     inferred nonce above ours means a pending command holds it but the pool
//     did not show it yet: the check is repeated after a backoff, not resent.
//  7. None of the above: the node has no record, and the command is resent.
//
// If the check itself fails, nothing is resent: the check is retried within
// the attempt budget, and when that or the context runs out the result is
// *AmbiguousSendError (outcome unknown; calling SendZkapp again with the same
// command is safe because it checks first).
//
// When attempts run out after an ambiguous failure, one final check is made
// so the caller gets a definite answer where possible. Supplying
// ZkappSubmission.Hash makes the match exact; without it, fee payer + nonce
// identify the command, which is sound because the protocol admits one
// command per fee-payer nonce. Residual window: a node that is still
// verifying the first copy when the check runs (reply lost, command not yet
// in the pool or reflected in the inferred nonce) can receive a second copy;
// the daemon's pool then rejects it as a duplicate or a same-nonce
// replacement without a higher fee, so it can never be applied twice.
//
// # Inclusion
//
// WaitForInclusion polls transactionStatus (by the Base64 id; by pool
// presence when only the hash is known) and bestChain every interval,
// reporting each poll to a progress callback, until the command appears in a
// best-chain block (returning *RejectedError with the node's failureReason
// if it was applied as failed), is reported UNKNOWN and absent three polls in
// a row (*DroppedError), a permanent error occurs, or the context ends.
package graphql

//go:generate go tool genqlient
