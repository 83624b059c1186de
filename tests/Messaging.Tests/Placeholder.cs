namespace EdgeLstm.Messaging.Tests;
