/** A uv workspace's members, by name, with their folders: what package.member chooses from. */
export interface WorkspaceMembers {
    lock: string;
    members: Map<string, string>;
}
/** The members a uv.lock records ([manifest] members, each with its virtual/editable/directory source). */
export declare function workspaceMembers(lock: string): WorkspaceMembers;
/** "a, b and c", each quoted. */
export declare function memberList(members: Iterable<string>): string;
/** The workspace member being packaged: its folder (the project), its name (from its pyproject.toml), and the workspace's uv.lock. */
export interface WorkspaceMember {
    folder: string;
    name: string;
    lock: string;
}
/**
 * The workspace member package.member names, found in the uv.lock of projectDir (or of the workspace above
 * it). One sentence when there is no workspace lock, or no such member.
 */
export declare function workspaceMember(projectDir: string, member: string, lock?: string): WorkspaceMember;
/** projectDir's own uv.lock, else that of the nearest folder above whose pyproject.toml has [tool.uv.workspace]. */
export declare function findWorkspaceLock(projectDir: string): string | undefined;
