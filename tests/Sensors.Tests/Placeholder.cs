namespace EdgeLstm.Sensors.Tests;
