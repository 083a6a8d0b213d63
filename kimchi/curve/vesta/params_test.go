package vesta

// srsFile is proof-systems' serialized SRS whose points lie on this curve.
const srsFile = "../../../../shared/kimchi-vectors/srs/vesta.srs"
