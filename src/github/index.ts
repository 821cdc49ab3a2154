/** What an audit asks of GitHub; main.ts imports this module only when an audit needs it. */
export { createGitHubClient, errorText } from './client.ts';
export { keepDriftIssue } from './drift-issue.ts';
export { readTeams } from './teams.ts';
