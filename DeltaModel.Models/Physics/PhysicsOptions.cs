// The options of a physics model are the config section model.physics itself (one record, one default per key, checked
// once when the experiment file loads); the physics code keeps calling it by its role.
global using PhysicsOptions = DeltaModel.Core.Configuration.PhysicsConfig;
