package pallas

// srsFile is proof-systems' serialized SRS whose points lie on this curve.
const srsFile = "../../../../shared/kimchi-vectors/srs/pallas.srs"
