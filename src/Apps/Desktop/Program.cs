using EdgeLstm.Tools.Commands;
using EdgeLstm.Worker.Commands;

var root = WorkerCommandLine.CreateRoot();
ToolCommands.AddTo(root);
return CommandRunner.Invoke(root.Parse(args));
