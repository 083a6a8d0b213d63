package mina

import "fmt"

// Era is a protocol era with its own zkApp account-update layout.
type Era int

// The supported eras.
const (
	// EraBerkeley has 8 app-state fields and transaction version 3
	// (o1js 2.x, mina-signer 3.0.7).
	EraBerkeley Era = iota + 1
	// EraMesa has 32 app-state fields and transaction version 4
	// (mina-signer 4.0.0).
	EraMesa
)

// AppStateLength returns the number of app-state fields of a zkApp account.
func (e Era) AppStateLength() int {
	if e == EraMesa {
		return 32
	}
	return 8
}

// TxnVersion returns the transaction version that empty permissions carry
// (protocolVersions.txnVersion).
func (e Era) TxnVersion() uint32 {
	if e == EraMesa {
		return 4
	}
	return 3
}

// String returns "berkeley" or "mesa".
func (e Era) String() string {
	switch e {
	case EraBerkeley:
		return "berkeley"
	case EraMesa:
		return "mesa"
	}
	return fmt.Sprintf("Era(%d)", int(e))
}

// Validate reports whether e is a known era.
func (e Era) Validate() error {
	if e != EraBerkeley && e != EraMesa {
		return fmt.Errorf("unknown era %d", int(e))
	}
	return nil
}
