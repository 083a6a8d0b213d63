// Package graphql is the Mina daemon client, generated with genqlient from
// schema.graphql and the operations beside it.
package graphql
