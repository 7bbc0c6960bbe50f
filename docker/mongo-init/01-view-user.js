// Runs once, when the mongo volume is empty (docker-entrypoint-initdb.d, authenticated as the root
// user): the account-view-service's own user, readWrite on its database only. Name and password
// come from the container's environment (docker-compose.yml, from docker/compose.env).
const user = process.env.MONGO_VIEW_USERNAME;
const password = process.env.MONGO_VIEW_PASSWORD;
const database = process.env.MONGO_VIEW_DATABASE;
if (!user || !password || !database) {
  throw new Error('mongo-init: MONGO_VIEW_USERNAME, MONGO_VIEW_PASSWORD and MONGO_VIEW_DATABASE are required');
}
db.getSiblingDB(database).createUser({
  user: user,
  pwd: password,
  roles: [{ role: 'readWrite', db: database }],
});
print(`mongo-init: user ${user} with readWrite on ${database}`);
