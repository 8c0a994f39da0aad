/**
 * A resource as a Pulumi program registers it, recorded offline (no engine, no cloud): what
 * the cluster side of `gke-platform plan` compares between two versions of a stack.
 */
export interface RegisteredResource {
  /** The Pulumi type token (`gcp:container/nodePool:NodePool`). */
  readonly type: string;
  /** The resource's Pulumi name (its logical name, not the cloud name). */
  readonly name: string;
  /** The URN of the parent resource, when it has one. */
  readonly parent?: string;
  /** The inputs, with every output of other resources resolved to its mocked value. */
  readonly inputs: Record<string, unknown>;
  /** The resource options that change how Pulumi acts on a change. */
  readonly options?: RegisteredOptions;
}

/** The options of a registration that decide what a change does. */
export interface RegisteredOptions {
  /** Input paths whose changes Pulumi ignores. */
  readonly ignoreChanges?: readonly string[];
  /** Input paths whose changes make Pulumi replace the resource. */
  readonly replaceOnChanges?: readonly string[];
  readonly deleteBeforeReplace?: boolean;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
}

/** The part of a URN after `urn:pulumi:<stack>::<project>::`: the parent types and the type. */
function qualifiedType(urn: string): string {
  return urn.split('::')[2] ?? urn;
}

/**
 * A resource's identity as Pulumi's URN has it, without the stack and project: the types of
 * its parents, its type and its name. Two versions of a stack with the same key hold the same
 * resource; a key that changes is a delete and a create.
 * @see https://www.pulumi.com/docs/iac/concepts/resources/names/#urns
 */
export function resourceKey(resource: RegisteredResource): string {
  const type =
    resource.parent === undefined
      ? resource.type
      : `${qualifiedType(resource.parent)}$${resource.type}`;
  return `${type}::${resource.name}`;
}
