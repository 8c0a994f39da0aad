import { fail } from '../core/errors';

/**
 * A GCP project ID: 6-30 lower-case letters, digits and hyphens, starting with a letter and
 * not ending with a hyphen.
 * @see https://cloud.google.com/resource-manager/docs/creating-managing-projects#identifying_projects
 */
const PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/**
 * Checks that `project` is a GCP project ID, and returns it: one rule for the platform's
 * registries and the Pulumi stack's project.
 */
export function checkProjectId(where: string, prop: string, project: string): string {
  if (!PROJECT_ID.test(project)) {
    fail(
      where,
      prop,
      `is '${project}', which is not a GCP project ID`,
      'use 6-30 lower-case letters, digits and hyphens, starting with a letter',
    );
  }
  return project;
}
