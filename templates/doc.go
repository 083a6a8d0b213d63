// Package templates holds the embedded TypeScript project templates from which
// zkml scaffolds o1js zkApps.
package templates
