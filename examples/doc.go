// Package examples holds runnable example models with walkthroughs. The
// default model, embedded in the zkml binary for `zkml demo`, is digits_mlp:
// a 64-32-10 MLP trained on scikit-learn's 8×8 digits (a copy of
// ../shared/models/digits_mlp).
package examples
