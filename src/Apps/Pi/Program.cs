using EdgeLstm.App.Pi;
using EdgeLstm.Worker.Commands;

var root = WorkerCommandLine.CreateRoot();
DesktopOnlyCommands.AddTo(root);
return CommandRunner.Invoke(root.Parse(args));
