namespace EdgeLstm.EndToEnd.Tests;
